import type { HandlerGroup } from '../handlers';
import type { AuthService } from './auth-service';

export function authHandlers(
  auth: AuthService,
): HandlerGroup<
  | 'auth.status'
  | 'auth.users'
  | 'auth.setup'
  | 'auth.signIn'
  | 'auth.lock'
  | 'auth.signOut'
  | 'auth.touch'
  | 'auth.changePin'
  | 'users.names'
  | 'users.list'
  | 'users.add'
  | 'users.update'
  | 'users.resetPin'
  | 'users.deactivate'
  | 'users.reactivate'
> {
  return {
    'auth.status': (_input, { connection }) => auth.status(connection),
    'auth.users': () => auth.tiles(),
    'auth.setup': (input, { connection }) => auth.setup(connection, input),
    'auth.signIn': (input, { connection }) => auth.signIn(connection, input),
    'auth.lock': (_input, { connection }) => auth.lock(connection),
    'auth.signOut': (_input, { connection }) => auth.signOut(connection),
    'auth.touch': (_input, { connection }) => auth.touch(connection),
    'auth.changePin': (input, { connection, actor }) => auth.changePin(connection, actor.userId, input),
    'users.names': () => auth.list().map(({ id, name, active }) => ({ id, name, active })),
    'users.list': () => auth.list(),
    'users.add': (input, { actor }) => auth.add(actor, input),
    'users.update': (input, { actor }) => auth.update(actor, input),
    'users.resetPin': ({ id, pin }, { actor }) => auth.resetPin(actor, id, pin),
    'users.deactivate': ({ id }, { actor }) => auth.setActive(actor, id, false),
    'users.reactivate': ({ id }, { actor }) => auth.setActive(actor, id, true),
  };
}
