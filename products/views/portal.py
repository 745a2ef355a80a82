"""Portal views (prison officers): thin; access and scoping through inmates.portal mixins."""
