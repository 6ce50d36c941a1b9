"""HTML views: the public site, the editor's dashboard, the reviewer's pages."""
