const { render } = require('../src/templates');

describe('render', () => {
  test.each([
    ['order-confirmed', { orderId: 'A-1', firstName: 'Ada' }, 'Your order A-1 is confirmed'],
    ['order-shipped', { orderId: 'A-2', firstName: 'Ada', trackingUrl: 'https://t.example/1' }, 'Order A-2 is on its way'],
  ])('%s subject', (name, vars, subject) => {
    expect(render(name, vars).subject).toBe(subject);
  });

  test('unknown template is a 404', () => {
    expect(() => render('nope', {})).toThrow(expect.objectContaining({ status: 404 }));
  });
});
