import { create } from 'zustand';
import type { AuthStatus } from '../../shared/auth';
import type { AppInfo, SyncStatus } from '../../shared/contract';
import { can, type Permission, type Role } from '../../shared/permissions';
import type { Language } from '../i18n';

export type Screen = 'checkout' | 'customers' | 'duplicates' | 'products' | 'campaigns' | 'settings';

interface AppState {
  info: AppInfo | null;
  sync: SyncStatus | null;
  screen: Screen;
  language: Language;
  /** Who is signed in on this window (main holds the session; this is only what it said). */
  auth: AuthStatus | null;
  setAuth(auth: AuthStatus): void;
  setInfo(info: AppInfo): void;
  setSync(sync: SyncStatus): void;
  setScreen(screen: Screen): void;
  setLanguage(language: Language): void;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  sync: null,
  screen: 'customers',
  language: 'es',
  auth: null,
  setAuth: (auth) => set({ auth }),
  setInfo: (info) => set({ info }),
  setSync: (sync) => set({ sync }),
  setScreen: (screen) => set({ screen }),
  setLanguage: (language) => set({ language }),
}));

/** The role the signed-in user's permissions come from: read-only wins over the role. */
export function effectiveRole(auth: AuthStatus | null): Role | null {
  if (auth?.state !== 'signedIn' || !auth.user) return null;
  return auth.user.readOnly ? 'readonly' : auth.user.role;
}

/** Whether to show what needs `permission` (main enforces it anyway). */
export function useCan(permission: Permission): boolean {
  const role = useAppStore((s) => effectiveRole(s.auth));
  return role !== null && can(role, permission);
}
