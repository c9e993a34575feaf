const request = require('supertest');
const { createApp, log } = require('../src/app');

log.level('fatal');

describe('POST /v1/notifications', () => {
  test('queues a rendered message', async () => {
    const outbox = [];
    const res = await request(createApp({ outbox }))
      .post('/v1/notifications')
      .send({ template: 'order-confirmed', to: 'ada@example.com', vars: { orderId: 'A-1', firstName: 'Ada' } });
    expect(res.status).toBe(202);
    expect(outbox[0].subject).toBe('Your order A-1 is confirmed');
  });

  test('rejects a body without recipient', async () => {
    const res = await request(createApp()).post('/v1/notifications').send({ template: 'order-confirmed', vars: {} });
    expect(res.status).toBe(400);
  });
});
