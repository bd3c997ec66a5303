import type { ReactNode } from 'react';
import { Input, Textarea, View } from '@tarojs/components';

/** Under a field: what is wrong with it (`data-field` names it for tests and for scrolling to it). */
export function FieldError({ error, field, className = '' }: { error?: string | null; field?: string; className?: string }) {
  return error ? (
    <View className={`field-error ${className}`.trim()} data-field={field}>
      {error}
    </View>
  ) : null;
}

/** A page's failure sentence (role=alert), or nothing. */
export function ErrorNotice({ error, className = '' }: { error: string | null; className?: string }) {
  return error ? (
    <View className={`notice notice--error ${className}`.trim()} role="alert">
      {error}
    </View>
  ) : null;
}

interface FieldProps {
  value: string;
  onInput: (value: string) => void;
  maxlength: number;
  placeholder?: string;
  /** Added to the input's own class (`input` / `textarea`): what tests and styles find it by. */
  className?: string;
  /** Added to the cell's class. */
  cellClassName?: string;
  error?: string | null;
  /** The field's name on its error (`data-field`). */
  field?: string;
}

/** What an Input and a Textarea take alike. */
function textProps({ value, onInput, maxlength, placeholder }: FieldProps) {
  return { value, maxlength, placeholder, placeholderClass: 'placeholder', onInput: (e: { detail: { value: string } }) => onInput(e.detail.value) };
}

/** A labelled one-line input in a WeUI cell (标题 | 输入框 | optional footer), its error below it. */
export function InputCell(props: FieldProps & { label: string; type?: 'text' | 'number'; password?: boolean; onConfirm?: () => void; footer?: ReactNode }) {
  const { label, className = '', cellClassName = '', type, password, onConfirm, footer } = props;
  return (
    <>
      <View className={`cell ${cellClassName}`.trim()}>
        <View className="cell__hd">{label}</View>
        <View className="cell__bd">
          <Input className={`input ${className}`.trim()} type={type} password={password} onConfirm={onConfirm} {...textProps(props)} />
        </View>
        {footer ? <View className="cell__ft">{footer}</View> : null}
      </View>
      <FieldError error={props.error} field={props.field} />
    </>
  );
}

/** A multi-line text in a WeUI cell, with a length counter when asked, its error below it. */
export function TextareaCell(props: FieldProps & { counter?: boolean; autoHeight?: boolean }) {
  const { value, maxlength, className = '', cellClassName = '', counter = false, autoHeight } = props;
  return (
    <>
      <View className={`cell cell--top ${cellClassName}`.trim()}>
        <View className="cell__bd">
          <Textarea className={`textarea ${className}`.trim()} autoHeight={autoHeight} {...textProps(props)} />
          {counter ? (
            <View className={`counter ${value.length > maxlength ? 'counter--over' : ''}`.trim()}>
              {value.length}/{maxlength}
            </View>
          ) : null}
        </View>
      </View>
      <FieldError error={props.error} field={props.field} />
    </>
  );
}

/** A read-only cell: 标题 | 内容 (`className` is added to the content; `top` aligns a long text at the top). */
export function InfoCell({ label, className = '', top = false, children }: { label: string; className?: string; top?: boolean; children: ReactNode }) {
  return (
    <View className={top ? 'cell cell--top' : 'cell'}>
      <View className="cell__hd">{label}</View>
      <View className={`cell__bd ${className}`.trim()}>{children}</View>
    </View>
  );
}

/** A read-only text of its own in a cell, aligned at the top (`className` is added to the text). */
export function TextCell({ className, children }: { className: string; children: ReactNode }) {
  return (
    <View className="cell cell--top">
      <View className={`cell__bd ${className}`}>{children}</View>
    </View>
  );
}
