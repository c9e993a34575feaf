import request from 'supertest';
import { createApp } from './app.js';

describe('storefront api', () => {
  const app = createApp();

  it('reports healthy', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    ['TSHIRT-BLK-M', 200],
    ['NOPE', 404],
  ])('GET /v1/products/%s -> %i', async (sku, status) => {
    const res = await request(app).get(`/v1/products/${sku}`);
    expect(res.status).toBe(status);
  });

  it('exposes prometheus metrics', async () => {
    const res = await request(app).get('/metrics');
    expect(res.text).toContain('http_request_duration_seconds');
  });
});
