// Bidi isolation for anything that must read left-to-right inside Arabic text: case numbers,
// national IDs, dates, times, usernames. Without it `2026/1201/57` reorders in an RTL line.
import type { ReactNode } from 'react';

export interface LtrProps {
  children: ReactNode;
  className?: string;
  'data-testid'?: string;
}

export function Ltr({ children, className, ...rest }: LtrProps) {
  return (
    <bdi dir="ltr" className={className ? `ltr ${className}` : 'ltr'} {...rest}>
      {children}
    </bdi>
  );
}
