const Mustache = require('mustache');

const TEMPLATES = {
  'order-confirmed': {
    subject: 'Your order {{orderId}} is confirmed',
    body: 'Hi {{firstName}},\n\nthanks for your order {{orderId}}. We will let you know when it ships.',
  },
  'order-shipped': {
    subject: 'Order {{orderId}} is on its way',
    body: 'Hi {{firstName}},\n\nyour parcel is on its way. Track it here: {{trackingUrl}}',
  },
};

function render(name, vars) {
  const tpl = TEMPLATES[name];
  if (!tpl) {
    const err = new Error(`unknown template ${name}`);
    err.status = 404;
    throw err;
  }
  return { subject: Mustache.render(tpl.subject, vars), body: Mustache.render(tpl.body, vars) };
}

module.exports = { render, TEMPLATES };
