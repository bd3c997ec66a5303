/**
 * DOM stand-ins for @tarojs/components: enough to render pages under jsdom and fire the events pages use
 * (Taro passes values as e.detail.value).
 */
import type { ReactNode } from 'react';

type Props = Record<string, unknown> & { children?: ReactNode; className?: string };

function domProps(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key === 'children' || key === 'className') continue;
    if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'onClick' || key === 'id') out[key] = value;
  }
  return out;
}

export function View(props: Props) {
  return (
    <div className={props.className} {...domProps(props)}>
      {props.children}
    </div>
  );
}

export function Text(props: Props) {
  return (
    <span className={props.className} {...domProps(props)}>
      {props.children}
    </span>
  );
}

export function Button(props: Props & { disabled?: boolean }) {
  return (
    <button type="button" className={props.className} disabled={props.disabled} {...domProps(props)}>
      {props.children}
    </button>
  );
}

type FieldProps = Props & { value?: string; placeholder?: string; maxlength?: number; onInput?: (e: { detail: { value: string } }) => void };

export function Input(props: FieldProps) {
  return (
    <input
      className={props.className}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Textarea(props: FieldProps) {
  return (
    <textarea
      className={props.className}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Switch(props: Props & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) {
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={props['aria-label'] as string | undefined}
      checked={props.checked ?? false}
      onChange={(e) => props.onChange?.({ detail: { value: e.target.checked } })}
    />
  );
}

export function PageMeta() {
  return null;
}

export function NavigationBar() {
  return null;
}

export function Image(props: Props & { src?: string; onError?: () => void }) {
  return <img className={props.className} src={props.src} alt="" onError={props.onError} {...domProps(props)} />;
}

export function ScrollView(props: Props) {
  return (
    <div className={props.className} {...domProps(props)}>
      {props.children}
    </div>
  );
}
