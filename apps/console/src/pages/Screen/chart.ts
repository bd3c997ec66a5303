// ECharts, only the parts the big screen draws (tree-shaken): this module is imported by the lazily loaded screen
// page alone, so none of it is in the console's first screen.
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, MapSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GeoComponentOption, GridComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, MapChart, ScatterChart, GeoComponent, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | MapSeriesOption | ScatterSeriesOption | GeoComponentOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export const registerMap = echarts.registerMap;

/**
 * One chart for the life of its element: created on mount, disposed on unmount (the screen runs for days, so no
 * instance may outlive its element), and given each new option by merging into the same series (no history kept).
 */
export function useChart(option: ChartOption | null): React.RefObject<HTMLDivElement> {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    return () => {
      chart.current = null;
      instance.dispose();
    };
  }, []);
  useEffect(() => {
    if (option && chart.current) chart.current.setOption(option, { lazyUpdate: true });
  }, [option]);
  return ref;
}
