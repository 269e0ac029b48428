/**
 * Pages of a long pdfkit document without their written contents kept.
 *
 * pdfkit writes a page's three objects (its dictionary, its resources, its content stream) when the
 * next page starts, yet keeps each object's dictionary for the life of the document: the page tree
 * holds every page's dictionary object, and that object its `data` (media box, the resources' and
 * contents' objects, their font, colour-space and length entries). Once written, only the object's
 * number is read again (the page tree lists its pages as "n 0 R" when the document ends). Over the
 * 4,788 pages of a 100,000-row roster that was about 1.1 KB a page, 5 MB of heap alive to the end of
 * the export (tests/bench/HISTORY.md, session 31). `addPage` here lets a written page's dictionaries
 * go: the file is byte for byte the same (tests/unit/pdf-pages.test.ts).
 *
 * Not for tagged documents: their structure tree reads a page's dictionary (`StructParents`) when the
 * document ends.
 */

/** A pdfkit object (PDFReference): `offset` is set once it is written. */
interface PdfObject {
  data: object
  offset?: number
}

/** The parts of pdfkit's page this reads (`doc.page`); `resources` is not in @types/pdfkit. */
interface WrittenPage {
  dictionary: PdfObject
  resources?: PdfObject
  content: PdfObject
}

interface PageDocument<Options> {
  page: unknown
  addPage(options?: Options): unknown
}

/** As doc.addPage(options), then the page before it, now written, let go of its dictionaries. */
export function addPage<Options>(doc: PageDocument<Options>, options?: Options): void {
  const previous = doc.page as WrittenPage | undefined
  doc.addPage(options)
  if (previous && previous !== doc.page) releaseWritten(previous)
}

function releaseWritten(page: WrittenPage): void {
  for (const object of [page.dictionary, page.resources, page.content]) {
    // Only what has been written: with `bufferPages` pages stay open until flushed, and their data is still to be written.
    if (object && object.offset !== undefined) object.data = {}
  }
}
