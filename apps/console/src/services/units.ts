import type { UnitKind, UnitView } from '@jyg12345/shared';
import { http } from './http';

export const unitKeys = {
  all: ['units'] as const,
  list: () => [...unitKeys.all, 'list'] as const,
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  centre: '市级中心',
  sub_centre: '分中心',
  department: '职能部门',
  company: '公共服务企业',
  street: '街道（镇）',
  community: '社区（村）',
};

export const unitService = {
  list: () => http.get<UnitView[]>('/units'),
  create: (body: { code: string; name: string; kind: UnitKind; parentId: string | null }) => http.post<UnitView>('/units', body),
  update: (id: string, body: { name?: string; active?: boolean; parentId?: string | null }) => http.patch<UnitView>(`/units/${id}`, body),
};
