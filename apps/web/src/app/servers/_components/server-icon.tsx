'use client';
import { useEffect, useRef, useState } from 'react';

/** The server's icon, or its initial when it has none or the image does not load. */
export function ServerIcon({ src, title }: { src?: string; title: string }) {
  const [failed, setFailed] = useState(false);
  const img = useRef<HTMLImageElement>(null);
  // An image that failed before this component hydrated fired its error event unheard.
  useEffect(() => {
    if (img.current?.complete && img.current.naturalWidth === 0) setFailed(true);
  }, []);
  if (src && !failed) {
    return (
      <img
        ref={img}
        src={src}
        alt={`${title} icon`}
        width={56}
        height={56}
        loading="eager"
        referrerPolicy="no-referrer"
        onError={() => setFailed(true)}
        className="h-14 w-14 shrink-0 rounded object-contain"
        data-icon
      />
    );
  }
  const initial = [...title.trim()][0]?.toUpperCase() ?? '?';
  return (
    <span
      aria-hidden="true"
      className="flex h-14 w-14 shrink-0 items-center justify-center rounded bg-blue-100 text-2xl font-bold text-blue-900 dark:bg-blue-900 dark:text-blue-100"
      data-icon-initial
    >
      {initial}
    </span>
  );
}
