#requires -Modules Evil
@{ Listeners = @( @{ Port = 22 } ) }
