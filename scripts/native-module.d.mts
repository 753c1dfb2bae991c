export function nativeModuleLoads(name: string, root: string): boolean;
export function rebuildNativeModule(name: string, root: string): boolean;
