// Marp CLI configuration, shared by `npm run build` (scripts/build.mjs) and a plain `npx marp` in this folder.
export default {
  themeSet: './theme',
  // decks are ours: allow inline HTML (<div class="columns">) and local images (diagrams/*.svg) in PDF and PNG
  html: true,
  allowLocalFiles: true,
  engine: ({ marp }) => {
    // a line break in the Markdown source is not a line break on the slide: wrap source lines freely
    marp.markdown.set({ breaks: false })
    // `<!-- excerpt: path -->` marks a code block checked against a lab file (see README.md).
    // Registering it as a directive keeps it out of the presenter notes.
    marp.customDirectives.local.excerpt = () => ({})
    return marp
  },
}
