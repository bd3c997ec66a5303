import { useCallback, useEffect, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import type { CategoryView } from '@jyg12345/shared';
import { errorMessage } from '../../components/ErrorText';
import { categoriesService } from '../../services/categories';
import { leavesOf, level1Names } from './category';
import './category.scss';

interface CategoryPickerProps {
  selectedId: string | null;
  onPick: (category: CategoryView) => void;
  onClose: () => void;
}

/** 「其他」: the whole taxonomy in two steps, first level → leaf (grouped by the second level). Loaded on open. */
export function CategoryPicker({ selectedId, onPick, onClose }: CategoryPickerProps) {
  const [categories, setCategories] = useState<CategoryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [level1, setLevel1] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    categoriesService.list().then(setCategories, (e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <View className="mask" onClick={onClose} />
      <View className="sheet category-picker" role="dialog" aria-label="选择诉求分类">
        <View className="category-picker__head">
          {level1 ? (
            <View className="category-picker__back" role="button" aria-label="返回上一级" onClick={() => setLevel1(null)}>
              ‹ 返回
            </View>
          ) : (
            <View className="category-picker__back" />
          )}
          <View className="category-picker__title">{level1 ?? '选择诉求分类'}</View>
          <View className="category-picker__close" role="button" aria-label="关闭" onClick={onClose}>
            <Text>×</Text>
          </View>
        </View>
        <ScrollView scrollY className="category-picker__body">
          {error ? (
            <View className="category-picker__state">
              {error}
              <Text className="link" onClick={load}>
                {' '}
                重试
              </Text>
            </View>
          ) : !categories ? (
            <View className="category-picker__state">正在加载…</View>
          ) : level1 === null ? (
            <View className="cells">
              {level1Names(categories).map((name) => (
                <View key={name} className="cell cell--link category-picker__level1" role="button" onClick={() => setLevel1(name)}>
                  <View className="cell__bd">{name}</View>
                  <View className="cell__ft cell__arrow" />
                </View>
              ))}
            </View>
          ) : (
            leavesOf(categories, level1).map((group) => (
              <View key={group.level2}>
                <View className="cells__title">{group.level2}</View>
                <View className="cells">
                  {group.leaves.map((leaf) => (
                    <View
                      key={leaf.id}
                      className="cell cell--link category-picker__leaf"
                      role="radio"
                      aria-checked={leaf.id === selectedId}
                      onClick={() => onPick(leaf)}
                    >
                      <View className="cell__bd">{leaf.level3}</View>
                      {leaf.id === selectedId ? <View className="cell__ft category-picker__check">✓</View> : null}
                    </View>
                  ))}
                </View>
              </View>
            ))
          )}
        </ScrollView>
      </View>
    </>
  );
}
