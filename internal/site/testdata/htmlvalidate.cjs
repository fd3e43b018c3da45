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
    // The header's search box follows the ARIA pattern of a combobox
    // whose suggestions are a listbox of links (which open in a new tab
    // like any link); no native element offers that, and <select> cannot
    // hold links. Every other role keeps the rule.
    "prefer-native-element": ["error", { exclude: ["listbox"] }],
    // The header's search form has one text field: pressing Enter
    // submits it (HTML's implicit submission), and phones show a Search
    // key for it (enterkeyhint). A button would add a tab stop that does
    // nothing the field does not.
    "wcag/h32": "off",
  },
};
