// Which screen the workstation shows for the current status. While locked, the workspace stays
// mounted but hidden and inert, so a half-typed form is still there after unlocking; its dialogs
// and hints are drawn inside it too (WORKSPACE_LAYER_ID), so none shows over the lock screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { draftStore } from '../screens/register-case/draft';
import { forgetRegistryFilter } from '../screens/registry/RegistryScreen';
import { LockScreen } from '../screens/lock/LockScreen';
import { LoginScreen } from '../screens/login/LoginScreen';
import { MustChangePasswordScreen } from '../screens/password/MustChangePasswordScreen';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { BootError } from './BootError';
import { NavigationProvider } from './navigation';
import { ReferenceProvider } from './reference';
import { useSession } from './session';
import { WORKSPACE_LAYER_ID } from './theme';
import { Workspace } from './Workspace';

export function Gate() {
  const { status } = useSession();
  useTranslation(); // re-render the gate when the language changes
  const signedOut = !status.user;
  // A draft, filters and the screen belong to the person who worked on them: the next one at the
  // desk starts clean, on the registry.
  useEffect(() => {
    if (signedOut) {
      draftStore.clear();
      forgetRegistryFilter();
      if (window.location.hash !== '') window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  }, [signedOut]);
  if (status.startupError) return <BootError error={status.startupError} />;
  if (!status.setUp) return <SetupScreen />;
  if (!status.user) return <LoginScreen />;
  if (status.user.mustChangePassword) return status.locked ? <LockScreen /> : <MustChangePasswordScreen />;
  return (
    <>
      <div hidden={status.locked} inert={status.locked} data-testid="workspace-container">
        <ReferenceProvider key={status.user.id}>
          <NavigationProvider>
            <Workspace />
          </NavigationProvider>
        </ReferenceProvider>
        <div id={WORKSPACE_LAYER_ID} />
      </div>
      {status.locked && <LockScreen />}
    </>
  );
}
