import { etaMinutes } from './eta.js';

const depot = { lat: 52.52, lon: 13.405 };

async function refresh() {
  const res = await fetch('/api/v1/vehicles');
  const vehicles = await res.json();
  const rows = vehicles.map((v) => `<tr><td>${v.vehicle_id}</td><td>${etaMinutes(v, depot)} min</td></tr>`);
  document.querySelector('#vehicles').innerHTML = rows.join('');
}

refresh();
setInterval(refresh, 15000);
