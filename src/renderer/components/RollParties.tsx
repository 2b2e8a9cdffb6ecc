// Every party of a case as the roll calls them out: each name (Arabic, else Latin; the other script
// beside it) with its role, one per line, each isolated so mixed scripts keep their order.
import { useTranslation } from 'react-i18next';
import type { RollParty } from '../../shared/schemas/views';
import { useEnumLabel } from './use-enum-label';

export function RollParties({ parties }: { parties: readonly RollParty[] }) {
  const label = useEnumLabel();
  useTranslation();
  if (parties.length === 0) return <>—</>;
  return (
    <ul className="roll-parties" data-testid="roll-parties">
      {parties.map((p, i) => (
        <li key={i}>
          <span className="roll-party-role">{label('partyRole', p.role)}:</span> <bdi>{p.nameAr ?? p.nameLatin}</bdi>
          {p.nameAr && p.nameLatin && (
            <>
              {' '}
              <bdi className="roll-party-latin">({p.nameLatin})</bdi>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
