import type { StaffRole, StaffView } from '@jyg12345/shared';
import { http } from './http';

export const staffKeys = {
  all: ['staff'] as const,
  list: () => [...staffKeys.all, 'list'] as const,
};

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  operator: '话务员',
  supervisor: '督办员',
  handler: '承办人员',
  admin: '管理员',
};

export interface CreateStaffBody {
  username: string;
  password: string;
  displayName?: string;
  role: StaffRole;
  unitId: string;
  phone?: string;
}

export const staffService = {
  list: () => http.get<StaffView[]>('/staff'),
  create: (body: CreateStaffBody) => http.post<StaffView>('/staff', body),
  update: (id: string, body: Partial<Omit<CreateStaffBody, 'username'>> & { active?: boolean }) => http.patch<StaffView>(`/staff/${id}`, body),
};
