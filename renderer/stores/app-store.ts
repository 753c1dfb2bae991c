import { create } from 'zustand';
import type { AppInfo, SyncStatus } from '../../shared/contract';
import type { Language } from '../i18n';

export type Screen = 'checkout' | 'customers' | 'duplicates' | 'products' | 'campaigns' | 'settings';

interface AppState {
  info: AppInfo | null;
  sync: SyncStatus | null;
  screen: Screen;
  language: Language;
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
  setInfo: (info) => set({ info }),
  setSync: (sync) => set({ sync }),
  setScreen: (screen) => set({ screen }),
  setLanguage: (language) => set({ language }),
}));
