import { Select } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import type { Ref } from 'react';
import { useCategories } from '../hooks/reference';

/** Active categories, searchable by any of their three levels. */
export function CategorySelect({
  value,
  onChange,
  id,
  autoFocus,
  selectRef,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
  autoFocus?: boolean;
  selectRef?: Ref<RefSelectProps>;
}) {
  const { data, isPending } = useCategories();
  return (
    <Select
      ref={selectRef}
      id={id}
      showSearch
      autoFocus={autoFocus}
      loading={isPending}
      value={value}
      onChange={onChange}
      placeholder="输入关键字搜索分类"
      optionFilterProp="label"
      options={(data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: `${c.level1} / ${c.level2} / ${c.level3}` }))}
    />
  );
}
