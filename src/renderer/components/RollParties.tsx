// Every party of a case as the roll calls them out: each name (in the UI's script first, the other
// beside it) with its role, one per line, each isolated so mixed scripts keep their order.
import { useTranslation } from 'react-i18next';
import type { RollParty } from '../../shared/schemas/views';
import { AutoDir } from './AutoDir';
import { useEnumLabel } from './use-enum-label';

export function RollParties({ parties }: { parties: readonly RollParty[] }) {
  const { t, i18n } = useTranslation();
  const label = useEnumLabel();
  if (parties.length === 0) return <>—</>;
  const arabicFirst = i18n.language === 'ar';
  return (
    <ul className="roll-parties" data-testid="roll-parties">
      {parties.map((p, i) => {
        const [first, second] = arabicFirst ? [p.nameAr, p.nameLatin] : [p.nameLatin, p.nameAr];
        return (
          <li key={i}>
            <span className="roll-party-role">{t('ui.hearingsOfDay.partyRole', { role: label('partyRole', p.role) })}</span> <AutoDir>{first ?? second ?? ''}</AutoDir>
            {first && second && (
              <>
                {' '}
                (<AutoDir className="roll-party-other">{second}</AutoDir>)
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
