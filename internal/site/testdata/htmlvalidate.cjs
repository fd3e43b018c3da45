// The configuration of html-validate for the site's pages
// (TestValidHTML): the recommended rules, less those that are a matter of
// taste, each with the reason it is off.
module.exports = {
  extends: ["html-validate:recommended"],
  rules: {
    // HTML ignores the case of the doctype; the pages write it as the
    // HTML standard's examples do, <!doctype html>.
    "doctype-style": "off",
    // A page's title is the title of its guide, as long as its author
    // wrote it, then the site's name; search engines shorten long ones,
    // and no reader is kept from anything by its length.
    "long-title": "off",
  },
};
