import { View } from '@tarojs/components';
import type { Commitments } from './commitments';

/** 分类 · 承办单位 · 答复时限: what the hotline promised, on the success and detail pages. */
export function CommitmentCells({ value }: { value: Commitments }) {
  return (
    <View className="cells commitments" aria-label="办理承诺">
      <View className="cell">
        <View className="cell__hd">诉求分类</View>
        <View className="cell__bd commitments__category">{value.category}</View>
      </View>
      <View className="cell">
        <View className="cell__hd">承办单位</View>
        <View className="cell__bd commitments__unit">{value.unit}</View>
      </View>
      <View className="cell">
        <View className="cell__hd">答复时限</View>
        <View className={`cell__bd commitments__reply ${value.overdue ? 'commitments__reply--overdue' : ''}`}>{value.reply}</View>
      </View>
    </View>
  );
}
