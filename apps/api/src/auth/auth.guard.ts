import { type CanActivate, type ExecutionContext, createParamDecorator, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type Role } from '@jyg12345/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import type { Principal } from './principal.js';
import { SessionService } from '../security/session.service.js';

const PUBLIC = 'auth:public';
const ROLES_KEY = 'auth:roles';

/** The route needs no token (`Public(false)` on a handler of a public controller needs one again). */
export const Public = (isPublic = true) => SetMetadata(PUBLIC, isPublic);
/** Only these roles may call the route; others get 403 FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthedRequest = FastifyRequest & { principal?: Principal };

export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED);
  return principal;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (!header) throw new AppError(ErrorCode.UNAUTHENTICATED);
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match?.[1]) throw new AppError(ErrorCode.TOKEN_INVALID);
    // The account's current state, not the token's copy: a disabled, demoted or logged-out account loses its rights.
    const principal = await this.sessions.authenticate(match[1]);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw new AppError(ErrorCode.FORBIDDEN);
    return true;
  }
}
