// Signing the judgment on a card, as the judge (signature) or the clerk (countersignature): the
// card dialog (CardSignModal) around signing.signJudgment, in the desk's language.
import { useTranslation } from 'react-i18next';
import type { SignatureStep } from '../../../shared/schemas/judgment-signing';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { CardSignModal } from '../../components/CardSignModal';

interface Props {
  judgmentId: string;
  judgmentVersion: number;
  step: SignatureStep;
  onClose: () => void;
  onDone: () => void;
}

export function SignJudgmentModal({ judgmentId, judgmentVersion, step, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { language } = useSession();
  const sign = useApiAction('signing.signJudgment');
  return (
    <CardSignModal
      title={step === 'judge' ? t('ui.signing.signTitle') : t('ui.signing.countersignTitle')}
      submitLabel={step === 'judge' ? t('ui.signing.sign') : t('ui.signing.countersign')}
      testId="sign-judgment-modal"
      pending={sign.pending}
      error={sign.error}
      onClose={onClose}
      onSign={async (card) => {
        const r = await sign.run({ judgmentId, baseVersion: judgmentVersion, step, ...card, language });
        if (r.ok) onDone();
        return r.ok;
      }}
    />
  );
}
