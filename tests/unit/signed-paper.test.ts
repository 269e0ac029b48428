import crypto from 'node:crypto'
import fc from 'fast-check'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { checkPaper, decodePaper, encodePaper, fromBase64Url, fromPaperBytes, paperFragment, paperId, paperUrl, payloadBytes, shownId, toBase64Url, toPaperBytes, type PublishedKey, type SignedPaper } from '~/domain/signed-paper.ts'

/** A key as app/server/papers/keys.server.ts makes it (Node's crypto), and its published form. */
function makeKey(kid: string, retired: string | null = null) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const published: PublishedKey = { kid, x: toBase64Url(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)), created: '2026-01-01T00:00:00.000Z', retired }
  return { privateKey, published }
}

/** Signed as app/server/papers/signing.server.ts signs: Node's crypto over the payload's bytes. */
function sign(paper: SignedPaper, privateKey: crypto.KeyObject): string {
  const payload = payloadBytes(paper)
  return paperFragment(payload, new Uint8Array(crypto.sign(null, payload, privateKey)))
}

const NOW = new Date('2026-09-20T08:00:00Z')
const certificate: SignedPaper = {
  kind: 'certificate',
  keyId: 'kAB23',
  holderName: 'Жұмабаева Әйгерім Нұрсұлтанқызы',
  id: paperId({ iin: '900515300424' }),
  ngo: '«Адал сайлау» қоғамдық бірлестігі',
  campaign: 'Құрылтай депутаттарын сайлау 2026',
  course: 'Сайлау учаскесіндегі байқаушы',
  issuedAt: new Date('2026-08-01T10:00:00Z'),
  expiresAt: new Date('2026-10-20T23:59:59Z'),
  code: 'ABCDE-FGHJK',
}
const letter: SignedPaper = {
  kind: 'letter',
  keyId: 'kAB23',
  holderName: 'Иванов Пётр Сергеевич',
  id: paperId({ documentNumber: '045123456' }),
  ngo: 'Гражданская инициатива',
  campaign: 'Выборы в Курултай 2026',
  station: '№ 123, Алматы, пр. Абая 150',
  shift: 'Утренняя, 20.09.2026 07:00–14:00',
  issuedAt: new Date('2026-09-20T00:00:00Z'),
  expiresAt: new Date('2026-09-21T00:00:00Z'),
  code: '',
}

describe('signed papers', () => {
  const key = makeKey('kAB23')

  it('verify what the server signed (a certificate and a letter), with every field intact', () => {
    for (const paper of [certificate, letter]) {
      const check = checkPaper(sign(paper, key.privateKey), [key.published], NOW)
      expect(check.ok).toBe(true)
      if (!check.ok) return
      expect(check.paper).toEqual({ ...paper, issuedAt: new Date(Date.UTC(2026, paper.issuedAt.getUTCMonth(), paper.issuedAt.getUTCDate())), expiresAt: new Date(Date.UTC(2026, paper.expiresAt.getUTCMonth(), paper.expiresAt.getUTCDate())) })
      expect(check.expired).toBe(false)
      expect(check.keyRetired).toBe(false)
    }
  })

  it('show the IIN masked: only its last four digits travel', () => {
    expect(certificate.id).toEqual({ kind: 'iin', last4: '0424' })
    expect(shownId(certificate.id)).toBe('••••••••0424')
    expect(encodePaper(certificate)).not.toContain('900515')
    expect(shownId(letter.id)).toBe('045123456')
  })

  it('refuse an altered payload: one changed letter of the name, a later expiry, another kind', () => {
    const fragment = sign(certificate, key.privateKey)
    const signature = fragment.split('.')[1]
    for (const altered of [{ ...certificate, holderName: 'Жұмабаева Әйгерім Нұрсұлтанқызу' }, { ...certificate, expiresAt: new Date('2027-10-20T00:00:00Z') }, { ...certificate, course: 'Другой курс' }]) {
      const forged = `${toBase64Url(payloadBytes(altered))}.${signature}`
      expect(checkPaper(forged, [key.published], NOW)).toMatchObject({ ok: false, reason: 'badSignature' })
    }
    // A flipped bit anywhere in the payload.
    const payload = fromBase64Url(fragment.split('.')[0] ?? '')!
    for (let i = 0; i < payload.length; i += 7) {
      const copy = payload.slice()
      copy[i] = (copy[i] ?? 0) ^ 0x01
      expect(checkPaper(`${toBase64Url(copy)}.${signature}`, [key.published], NOW).ok).toBe(false)
    }
  })

  it('refuse a paper signed with another key under a published key id (a forger who knows the kid)', () => {
    const forger = makeKey('kAB23')
    expect(checkPaper(sign(certificate, forger.privateKey), [key.published], NOW)).toMatchObject({ ok: false, reason: 'badSignature' })
  })

  it('verify a paper signed with a retired key after rotation, and say the key was retired', () => {
    const old = makeKey('kOLD1', '2026-09-01T00:00:00.000Z')
    const current = makeKey('kNEW2')
    const check = checkPaper(sign({ ...certificate, keyId: 'kOLD1' }, old.privateKey), [old.published, current.published], NOW)
    expect(check).toMatchObject({ ok: true, keyRetired: true })
    expect(checkPaper(sign({ ...certificate, keyId: 'kNEW2' }, current.privateKey), [old.published, current.published], NOW)).toMatchObject({ ok: true, keyRetired: false })
  })

  it('refuse a key id nobody published', () => {
    const stranger = makeKey('kZZZZ')
    expect(checkPaper(sign({ ...certificate, keyId: 'kZZZZ' }, stranger.privateKey), [key.published], NOW)).toMatchObject({ ok: false, reason: 'unknownKey' })
    expect(checkPaper(sign(certificate, key.privateKey), [], NOW)).toMatchObject({ ok: false, reason: 'unknownKey' })
  })

  it('refuse truncated or damaged input at every length, never throwing', () => {
    const fragment = sign(letter, key.privateKey)
    for (let length = 0; length < fragment.length; length++) {
      const check = checkPaper(fragment.slice(0, length), [key.published], NOW)
      expect(check.ok, `cut at ${length}`).toBe(false)
    }
    for (const junk of ['', '#', '.', 'abc', 'abc.def', `${fragment}.x`, fragment.replace('.', ''), `${fragment}A`, fragment.replace(/.$/, '*'), '%%%.%%%']) {
      expect(checkPaper(junk, [key.published], NOW).ok).toBe(false)
    }
    expect(checkPaper(`#${fragment}`, [key.published], NOW).ok).toBe(true)
  })

  it('mark an expired or not yet valid paper (by the phone’s clock)', () => {
    const fragment = sign(letter, key.privateKey)
    expect(checkPaper(fragment, [key.published], new Date('2026-09-21T20:00:00Z'))).toMatchObject({ ok: true, expired: false })
    expect(checkPaper(fragment, [key.published], new Date('2026-09-22T00:00:01Z'))).toMatchObject({ ok: true, expired: true })
    expect(checkPaper(fragment, [key.published], new Date('2026-09-19T12:00:00Z'))).toMatchObject({ ok: true, notYetValid: true })
  })

  it('keep the separator and control characters out of the fields', () => {
    const sneaky = { ...letter, holderName: 'A\u001fl\u001fB', station: 'x\ny' }
    const decoded = decodePaper(encodePaper(sneaky))
    expect(decoded).toMatchObject({ kind: 'letter', holderName: 'A l B', station: 'x y', shift: letter.kind === 'letter' ? letter.shift : '' })
  })

  it('encode any text and dates back to themselves (property)', () => {
    // eslint-disable-next-line no-control-regex
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim())
    fc.assert(
      fc.property(text.filter((s) => s.length > 0), text, text, fc.integer({ min: 0, max: 40_000 }), (name, ngo, course, days) => {
        const paper: SignedPaper = { ...certificate, holderName: name, ngo, course, issuedAt: new Date(days * 86_400_000), expiresAt: new Date((days + 365) * 86_400_000) }
        expect(decodePaper(encodePaper(paper))).toEqual(paper)
      }),
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
      }),
    )
  })

  it('spend one byte on each Russian or Kazakh letter, and carry any other character too (property)', () => {
    expect(toPaperBytes('Жұмабаева Әйгерім Нұрсұлтанқызы')).toHaveLength('Жұмабаева Әйгерім Нұрсұлтанқызы'.length)
    expect(toPaperBytes('«Адал сайлау» № 5 – 7')).toHaveLength('«Адал сайлау» № 5 – 7'.length)
    expect(toPaperBytes('Zoë 😀')).toHaveLength(2 + 3 + 1 + 5)
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(fromPaperBytes(toPaperBytes(text))).toBe(text)
      }),
    )
    for (const damaged of [[0xff], [0xff, 0xd0], [0xff, 0x41], [0xfe], [0xff, 0xc0, 0x80]]) expect(fromPaperBytes(Uint8Array.from(damaged))).toBeNull()
  })

  it('fit a long Kazakh name in a QR code a phone reads from print (figures in the README)', () => {
    const typical: SignedPaper = { ...certificate, holderName: 'Аружан Серікқызы', ngo: 'Адал сайлау', campaign: 'Выборы в Курултай 2026', course: 'Основы наблюдения' }
    const longest = { ...letter, holderName: certificate.holderName, ngo: certificate.ngo, campaign: certificate.campaign }
    const sizes = [typical, certificate, letter, longest].map((paper) => {
      const url = paperUrl('https://observers.example.kz', sign(paper, key.privateKey))
      const symbol = QRCode.create(url, { errorCorrectionLevel: 'M' })
      return { kind: paper.kind, chars: url.length, version: symbol.version, modules: symbol.modules.size }
    })
    console.log('signed paper QR sizes at error correction M:', sizes)
    // The README's figures: a typical certificate version 12, a long Kazakh one 14, the longest letter 15.
    expect(sizes.map((size) => size.version)).toEqual([12, 14, 13, 15])
  })
})
