import { useEffect, useState } from 'react';
import { Button, View } from '@tarojs/components';
import { LIMITS, SATISFACTION_LABELS, SATISFACTIONS, TICKET_TYPE_LABELS, type Satisfaction, type TicketView } from '@jyg12345/shared';
import { ErrorNotice, TextareaCell } from '../../components/FormCells';
import { Page } from '../../components/Page';
import { ticketsService } from '../../services/tickets';
import { excerpt, formatDateTime } from '../../utils/format';
import { useResidentAction } from '../useResidentAction';
import './index.scss';

type Errors = Partial<Record<'satisfaction' | 'resolved' | 'comment', string>>;

/** 一事一评: three large choices; a reason is required for 不满意. */
export default function RatePage() {
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const { id, submitting, submitError, submit } = useResidentAction('rate', '感谢您的评价');
  const [ticket, setTicket] = useState<TicketView | null>(null);

  useEffect(() => {
    // Which appeal is being rated, in the resident's own words; the form works without it.
    ticketsService.get(id).then(setTicket, () => setTicket(null));
  }, [id]);

  const validate = (): Errors => {
    const found: Errors = {};
    if (!satisfaction) found.satisfaction = '请选择满意程度';
    if (resolved === null) found.resolved = '请选择问题是否已解决';
    if (satisfaction === 'unsatisfied' && comment.trim().length === 0) found.comment = '请填写不满意的原因';
    return found;
  };

  const send = () => {
    if (submitting) return;
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0 || !satisfaction || resolved === null) return;
    const trimmed = comment.trim();
    void submit(async () => ({ satisfaction, resolved, ...(trimmed ? { comment: trimmed } : {}) }));
  };

  return (
    <Page title="评价" withFooter className="rate">
      {ticket ? (
        <View className="cells rate__appeal" aria-label="评价的诉求">
          <View className="cell cell--top">
            <View className="cell__bd">
              <View className="rate__appeal-text">
                【{TICKET_TYPE_LABELS[ticket.type]}】{excerpt(ticket.title ?? ticket.description, 60)}
              </View>
              <View className="cell__desc">
                诉求编号 {ticket.number}
                {ticket.reply ? ` · ${formatDateTime(ticket.reply.at)} 答复` : ''}
                {ticket.reply?.handlerName ? ` · 承办人 ${ticket.reply.handlerName}` : ''}
              </View>
            </View>
          </View>
        </View>
      ) : null}
      <View className="cells__title">您对办理结果满意吗？</View>
      <View className="rate__choices" role="radiogroup" aria-label="满意程度">
        {SATISFACTIONS.map((s) => (
          <View
            key={s}
            role="radio"
            aria-checked={satisfaction === s}
            className={`rate__choice rate__choice--${s} ${satisfaction === s ? 'rate__choice--on' : ''}`}
            onClick={() => {
              setSatisfaction(s);
              setErrors((prev) => ({ ...prev, satisfaction: undefined, comment: undefined }));
            }}
          >
            {satisfaction === s ? '✓ ' : ''}
            {SATISFACTION_LABELS[s]}
          </View>
        ))}
      </View>
      {errors.satisfaction ? <View className="field-error rate__error">{errors.satisfaction}</View> : null}

      <View className="cells__title">问题是否已解决？</View>
      <View className="rate__choices rate__choices--two" role="radiogroup" aria-label="是否解决">
        {[true, false].map((value) => (
          <View
            key={String(value)}
            role="radio"
            aria-checked={resolved === value}
            className={`rate__choice ${resolved === value ? 'rate__choice--on' : ''}`}
            onClick={() => {
              setResolved(value);
              setErrors((prev) => ({ ...prev, resolved: undefined }));
            }}
          >
            {resolved === value ? '✓ ' : ''}
            {value ? '已解决' : '未解决'}
          </View>
        ))}
      </View>
      {errors.resolved ? <View className="field-error rate__error">{errors.resolved}</View> : null}

      <View className="cells__title">{satisfaction === 'unsatisfied' ? '不满意的原因（必填）' : '意见或建议（选填）'}</View>
      <View className="cells">
        <TextareaCell
          className="rate__comment"
          value={comment}
          maxlength={LIMITS.noteMax}
          placeholder="请告诉我们您的想法"
          onInput={(value) => {
            setComment(value);
            setErrors((prev) => ({ ...prev, comment: undefined }));
          }}
          error={errors.comment}
        />
      </View>
      <ErrorNotice error={submitError} />
      <View className="footer-bar">
        <Button className={`btn btn--primary ${submitting ? 'btn--disabled' : ''}`} disabled={submitting || undefined} onClick={send}>
          {submitting ? '正在提交…' : '提交评价'}
        </Button>
      </View>
    </Page>
  );
}
