import { View } from '@tarojs/components';

interface TabsProps<K extends string> {
  tabs: readonly { key: K; label: string }[];
  current: K;
  onChange: (key: K) => void;
  /** The page's block: `<block>__tabs`, `<block>__tab`, `<block>__tab--on`. */
  block: string;
}

/** A row of filter tabs over a list (role=tablist); each tab carries its key as `data-tab`. */
export function Tabs<K extends string>({ tabs, current, onChange, block }: TabsProps<K>) {
  return (
    <View className={`${block}__tabs`} role="tablist">
      {tabs.map((t) => (
        <View
          key={t.key}
          role="tab"
          aria-selected={t.key === current}
          className={`${block}__tab ${t.key === current ? `${block}__tab--on` : ''}`}
          data-tab={t.key}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </View>
      ))}
    </View>
  );
}
