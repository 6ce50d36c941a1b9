"""The pages that gather every domain: the editor's dashboard and submission page, the decision
with the reviewers' comments, and the author's submission page. Each view hands each panel its
context (from the domain's ``panels``), so templates only render."""
