import type { UnitView } from '@jyg12345/shared';
import { TreeSelect } from 'antd';
import { forwardRef, useMemo } from 'react';
import { useUnits } from '../hooks/reference';
import { UNIT_KIND_LABELS } from '../services/units';

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
  disabled?: boolean;
}

/** The 1 + N + 3 + 48 organisation as a tree: centre, departments and companies, streets, communities. */
export function unitTree(units: UnitView[], includeInactive = false): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const u of units) {
    if (!includeInactive && !u.active) continue;
    nodes.set(u.id, { value: u.id, title: `${u.name}（${UNIT_KIND_LABELS[u.kind]}）`, children: [] });
  }
  const roots: TreeNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id);
    if (!node) continue;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

type Props = {
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  multiple?: boolean;
  placeholder?: string;
  autoFocus?: boolean;
  id?: string;
};

/** A searchable unit tree (type part of a name; arrows and Enter pick). */
export const UnitPicker = forwardRef<HTMLDivElement, Props>(function UnitPicker({ value, onChange, multiple, placeholder, autoFocus, id }, _ref) {
  const { data, isPending } = useUnits();
  const tree = useMemo(() => unitTree(data ?? []), [data]);
  return (
    <TreeSelect
      id={id}
      showSearch
      allowClear
      autoFocus={autoFocus}
      treeDefaultExpandAll
      loading={isPending}
      multiple={multiple}
      value={value}
      onChange={(v) => onChange?.(v as string | string[])}
      treeData={tree}
      treeNodeFilterProp="title"
      placeholder={placeholder ?? '输入单位名称搜索'}
      style={{ width: '100%' }}
      listHeight={360}
      popupMatchSelectWidth={false}
    />
  );
});
