import { getMDXComponent } from 'mdx-bundler/client'

type LessonComponent = ReturnType<typeof getMDXComponent>

const components = new Map<string, LessonComponent>()
const MAX_ENTRIES = 100

/**
 * Turning compiled MDX into a component evaluates its code; do it once per lesson version, not on
 * every render (on the server, React's useMemo does not outlive a request).
 */
export function lessonComponent(code: string): LessonComponent {
  let component = components.get(code)
  if (!component) {
    component = getMDXComponent(code)
    if (components.size >= MAX_ENTRIES) components.delete(components.keys().next().value ?? '')
    components.set(code, component)
  }
  return component
}
