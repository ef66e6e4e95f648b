configuration C { }
