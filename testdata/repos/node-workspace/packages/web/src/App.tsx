import { useEffect, useState } from 'react';
import { formatPrice } from './format';

interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

export default function App() {
  const [products, setProducts] = useState<Product[]>([]);
  useEffect(() => {
    fetch('/api/v1/products').then((r) => r.json()).then(setProducts);
  }, []);
  return (
    <ul>
      {products.map((p) => (
        <li key={p.sku}>
          {p.name} <strong>{formatPrice(p.priceCents)}</strong>
        </li>
      ))}
    </ul>
  );
}
