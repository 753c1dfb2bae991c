import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { type ClientelaBridge, IPC_EVENT, IPC_INVOKE } from '../../shared/bridge';

/** The renderer's whole view of main: invoke a channel, subscribe to an event. */
const bridge: ClientelaBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, { channel, input }),
  subscribe: (event, listener) => {
    const handler = (_e: IpcRendererEvent, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('clientela', bridge);
