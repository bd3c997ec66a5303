import { View } from '@tarojs/components';
import type { figureLines } from './assessment';

/** The rates of an assessment row, a cell each: name and counts | the rate (`data-figure` names it). */
export function FigureCells({ figures, className, rateClassName }: { figures: ReturnType<typeof figureLines>; className?: string; rateClassName: string }) {
  return (
    <>
      {figures.map((f) => (
        <View key={f.label} className={className ? `cell ${className}` : 'cell'} data-figure={f.label}>
          <View className="cell__bd">
            <View>{f.label}</View>
            <View className="cell__desc">{f.counts}</View>
          </View>
          <View className={`cell__ft ${rateClassName}`}>{f.rate}</View>
        </View>
      ))}
    </>
  );
}
