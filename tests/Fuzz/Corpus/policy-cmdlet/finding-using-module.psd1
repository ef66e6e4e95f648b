using module ./Evil.psm1
@{ Listeners = @( @{ Port = 22 } ) }
