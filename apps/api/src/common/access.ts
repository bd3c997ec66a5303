import { type ExecutionContext, createParamDecorator, SetMetadata } from '@nestjs/common';
import { ErrorCode, type Role } from '@jyg12345/shared';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { AppError } from './app-error.js';

/** What a route asks of its caller; the AuthGuard (auth/auth.guard.ts) reads it and enforces it. */
export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The route needs no token (`Public(false)` on a handler of a public controller needs one again). */
export const Public = (isPublic = true) => SetMetadata(PUBLIC_KEY, isPublic);
/** Only these roles may call the route; others get 403 FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/** The caller the guard authenticated. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED);
  return principal;
});
