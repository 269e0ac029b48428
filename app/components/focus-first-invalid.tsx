import { useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * The first field in error, or a message marked `data-focus-on-error` (an error about something that
 * is not one of the form's controls, such as the recruits ticked in a table), whichever comes first.
 */
function focusFirstInvalid(form: Element | null) {
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-focus-on-error]')
  if (field && document.activeElement !== field) field.focus()
}

/**
 * After a form is refused (by validation in the browser or by the server), move focus to the
 * first field in error, so keyboard and screen-reader users land on what needs fixing.
 */
export function FocusFirstInvalid() {
  const navigation = useNavigation()
  const lastForm = useRef<Element | null>(null)
  const previousState = useRef(navigation.state)

  useEffect(() => {
    const onSubmit = (event: Event) => {
      lastForm.current = event.target as Element
      // Client-side validation re-renders synchronously; look once React has committed.
      setTimeout(() => focusFirstInvalid(lastForm.current), 0)
    }
    document.addEventListener('submit', onSubmit)
    return () => document.removeEventListener('submit', onSubmit)
  }, [])

  useEffect(() => {
    if (previousState.current !== 'idle' && navigation.state === 'idle' && lastForm.current?.isConnected) {
      focusFirstInvalid(lastForm.current)
    }
    previousState.current = navigation.state
  }, [navigation.state])

  return null
}
