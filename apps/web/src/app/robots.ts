import type { MetadataRoute } from 'next';
import { SITE_URL } from '../lib/hub';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/dashboard', '/api/', '/search?'] }],
    sitemap: `${SITE_URL}/sitemap.xml`,
  };
}
