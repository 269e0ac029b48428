/** The lesson components a trainer can insert, each as a ready-to-edit snippet (literal props only). */
export const componentSnippets = [
  { name: 'Callout', text: '<Callout type="info" title="Title">\n  Text of the note.\n</Callout>\n' },
  { name: 'Checklist', text: '<Checklist>\n\n- [ ] First thing to check\n- [ ] Second thing to check\n\n</Checklist>\n' },
  { name: 'Term', text: '<Term def="what the term means">term</Term>' },
  { name: 'Timeline', text: '<Timeline>\n  <Step time="07:00" title="Polling station opens">\n    What happens.\n  </Step>\n</Timeline>\n' },
  {
    name: 'Quiz',
    text: '<Quiz id="new-check" type="single">\n  <Question>Question text?</Question>\n  <Option correct>Right answer</Option>\n  <Option>Wrong answer</Option>\n  <Explanation>Why the right answer is right.</Explanation>\n</Quiz>\n',
  },
] as const
