'use client';
import { usePathname } from 'next/navigation';

/** The address that was not found, as the visitor typed it (a 404 page gets no params). */
export function MissingPath() {
  const path = usePathname();
  return <code className="font-mono break-all">{path}</code>;
}
