import type { AuthResult } from '@jyg12345/shared';
import { http } from './http';

export const authService = {
  loginStaff: (username: string, password: string) => http.post<AuthResult>('/auth/staff', { username, password }),
};
