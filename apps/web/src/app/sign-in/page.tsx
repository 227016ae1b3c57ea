import type { Metadata } from 'next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default function SignInPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">Sign in to the dashboard</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        Paste an API token. The site keeps it in an encrypted, httpOnly cookie for this session only; sign out to forget it.
      </p>
      <SignInForm />
    </div>
  );
}
