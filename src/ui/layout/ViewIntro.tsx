import type { ReactNode } from 'react';

/** The one line a newcomer reads first on each view: what this view shows and what to do here. */
export function ViewIntro({ children }: { children: ReactNode }) {
  return (
    <p className="view-intro" data-testid="view-intro">
      {children}
    </p>
  );
}
