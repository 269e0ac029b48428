import { useTranslation } from 'react-i18next'

export function ToastMessage({ toast }: { toast: { key: string; kind: 'success' | 'info' | 'error' } }) {
  const { t } = useTranslation()
  return (
    <div className="container">
      <p className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
        {t(toast.key)}
      </p>
    </div>
  )
}
