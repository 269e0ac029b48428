import { forwardRef, useImperativeHandle, useRef } from 'react'

export interface SourceEditorHandle {
  goToLine: (line: number) => void
  insert: (text: string) => void
}

interface Props {
  id: string
  name: string
  label: string
  value: string
  onChange: (value: string) => void
  errorLines: readonly number[]
  describedBy?: string
}

/**
 * A plain textarea with line numbers (lines with a problem marked), so it works without JavaScript,
 * with the platform's own undo, spell-check off and every assistive technology.
 */
export const SourceEditor = forwardRef<SourceEditorHandle, Props>(function SourceEditor({ id, name, label, value, onChange, errorLines, describedBy }, ref) {
  const area = useRef<HTMLTextAreaElement>(null)
  const gutter = useRef<HTMLDivElement>(null)
  const lines = value.split('\n').length
  const bad = new Set(errorLines)

  useImperativeHandle(ref, () => ({
    goToLine(line: number) {
      const el = area.current
      if (!el) return
      const rows = el.value.split('\n')
      const start = rows.slice(0, Math.max(0, line - 1)).reduce((n, row) => n + row.length + 1, 0)
      const end = start + (rows[line - 1]?.length ?? 0)
      el.focus()
      el.setSelectionRange(start, end)
      const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20
      el.scrollTop = Math.max(0, (line - 3) * lineHeight)
    },
    insert(text: string) {
      const el = area.current
      if (!el) return
      const start = el.selectionStart
      const next = el.value.slice(0, start) + text + el.value.slice(el.selectionEnd)
      onChange(next)
      requestAnimationFrame(() => {
        el.focus()
        el.setSelectionRange(start + text.length, start + text.length)
      })
    },
  }))

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="source-editor">
        <div className="source-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <span key={i} className={bad.has(i + 1) ? 'gutter-error' : undefined}>
              {i + 1}
            </span>
          ))}
        </div>
        <textarea
          ref={area}
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop
          }}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          wrap="off"
          rows={24}
          aria-describedby={describedBy}
        />
      </div>
    </div>
  )
})
