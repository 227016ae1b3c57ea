'use client';
import { ErrorMessage } from '../components/error-message';

/** Any page that fails to render, inside the site's header and footer. */
export default function PageError({ error }: { error: Error & { digest?: string } }) {
  return <ErrorMessage digest={error.digest} />;
}
