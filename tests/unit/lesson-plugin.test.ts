/** The lesson plugin's rules for where links go and where images come from, inline or through a reference definition. */
import { describe, expect, it } from 'vitest'
import { checkLessonSource } from '~/server/courses/compile.server.ts'

const header = `---
title: "Links"
minutes: 5
objectives:
  - "x"
---

`
/** The body starts on line 8. */
const problems = async (body: string) => (await checkLessonSource(header + body)).map((d) => `${d.line}: ${d.message}`)

describe('links and images in a lesson', () => {
  it('refuses a javascript: link and an outside image given through reference definitions, at the definitions’ lines', async () => {
    const found = await problems('[x][rules]\n![t][pix]\n\n[rules]: javascript:alert(document.domain)\n[pix]: https://evil.example/pixel.png\n')
    expect(found).toEqual([
      expect.stringMatching(/^11: link "javascript:alert\(document\.domain\)"/),
      expect.stringMatching(/^12: image "https:\/\/evil\.example\/pixel\.png": an image comes from this site/),
    ])
  })

  it.each([
    ['an outside image', '![t](https://evil.example/pixel.png)'],
    ['a protocol-relative image', '![t](//evil.example/pixel.png)'],
    ['an image behind a backslash', '![t](/\\evil.example/pixel.png)'],
    ['an image behind a tab browsers drop', '![t](</\t/evil.example/pixel.png>)'],
    ['an image behind a space', '![t](</ /evil.example/pixel.png>)'],
    ['a javascript: image', '![t](javascript:alert(1))'],
    ['a data: image', '![t](data:image/svg+xml;base64,PHN2Zy8+)'],
    ['an image relative to the lesson', '![t](./pixel.png)'],
    ['an outside image in a component', '<Callout type="info">\n\n![t][pix]\n\n[pix]: https://evil.example/pixel.png\n\n</Callout>'],
  ])('refuses %s', async (_name, body) => {
    expect(await problems(body)).toEqual([expect.stringMatching(/^\d+: image ".*": an image comes from this site/)])
  })

  it.each([
    ['a javascript: definition', '[x][a]\n\n[a]: javascript:alert(1)'],
    ['a data: definition', '[x]\n\n[x]: data:text/html,hi'],
    ['a definition no link uses', '[a]: vbscript:msgbox'],
    ['an inline javascript: link', '[x](javascript:alert(1))'],
  ])('refuses %s as a link', async (_name, body) => {
    expect(await problems(body)).toEqual([expect.stringMatching(/^\d+: link ".*": link to another lesson/)])
  })

  it('refuses links and images written as HTML: lessons have no such components', async () => {
    expect(await problems('<a href="javascript:alert(1)">x</a>\n\n<img src="https://evil.example/pixel.png" />')).toEqual([
      expect.stringMatching(/^8: unknown component <a>/),
      expect.stringMatching(/^10: unknown component <img>/),
    ])
  })

  it('takes the site’s own images and the links the rules allow, inline and by reference', async () => {
    const body = '![logo](/favicon.svg) ![also][logo]\n\n[next][n], [law][law], [mail][m], [up][top]\n\n[logo]: /favicon.svg\n[n]: ./02-second\n[law]: https://adilet.zan.kz/\n[m]: mailto:help@example.org\n[top]: #top\n'
    expect(await problems(body)).toEqual([])
  })
})
