import { useEffect } from 'react';

/**
 * Logs `error` to the console for developers, once per error shown: the page itself shows a sentence from
 * `userMessage`, and the library's message (what was expected, what was found) stays here.
 */
export function useLogError(context: string, error: unknown): void {
  useEffect(() => {
    if (error !== null && error !== undefined) console.error(`${context}:`, error);
  }, [context, error]);
}
