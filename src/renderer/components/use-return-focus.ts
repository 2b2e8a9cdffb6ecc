// Focus back where the clerk was when a dialog goes away. Mantine returns focus only when `opened`
// turns false; our dialogs are unmounted instead (rendered only while open), so without this focus
// fell to <body> after Escape, Cancel or a done command, and Tab started again from the top.
import { useEffect, useState } from 'react';

/** How long after closing a reload may still take the opener away. */
const SETTLE_MS = 3000;
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Where focus was when the dialog first rendered, and the boxes around it (nearest first). */
function capture(): { opener: HTMLElement | null; around: HTMLElement[] } {
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const around: HTMLElement[] = [];
  for (let a = opener?.parentElement ?? null; a && a !== document.body; a = a.parentElement) around.push(a);
  return { opener, around };
}

function canTakeFocus(el: HTMLElement): boolean {
  return el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;
}

/**
 * Call in a dialog component that is mounted to open and unmounted to close. On close, focus goes
 * back to the button that opened it; if that button is gone (the hearing it acted on is no longer
 * on the roll, so its buttons went), to the first control still there in the nearest box around it
 * (the row's case link). Focus already placed elsewhere by the closing action is left alone.
 */
export function useReturnFocus(): void {
  const [origin] = useState(capture);
  useEffect(
    () => () => {
      const { opener, around } = origin;
      const focusNearest = () => {
        for (const box of around) {
          if (!box.isConnected) continue;
          const target = Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).find(canTakeFocus);
          if (target) {
            target.focus();
            return;
          }
        }
      };
      const lost = () => !document.activeElement || document.activeElement === document.body;
      // After React has removed the dialog.
      window.setTimeout(() => {
        if (!lost()) return;
        if (!opener || !canTakeFocus(opener)) {
          focusNearest();
          return;
        }
        opener.focus();
        // A done command reloads the screen a moment later, which may take the opener away (the
        // adjourned hearing's buttons): focus then moves to the nearest control left around it.
        const watch = new MutationObserver(() => {
          if (opener.isConnected) return;
          watch.disconnect();
          if (lost()) focusNearest();
        });
        watch.observe(document.body, { childList: true, subtree: true });
        window.setTimeout(() => watch.disconnect(), SETTLE_MS);
      }, 0);
    },
    [origin],
  );
}
