import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type Role } from '@jyg12345/shared';
import { AppError } from '../common/app-error.js';
import { type AuthedRequest, PUBLIC_KEY, ROLES_KEY } from '../common/access.js';
import { SessionService } from '../security/session.service.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
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
